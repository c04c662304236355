/* The workspace's small behaviours, without inline scripts: character counter, reply
   templates, @mention buttons and copy buttons. Everything works without it too. */
(function () {
  "use strict";

  function updateCounter(area) {
    var limit = parseInt(area.getAttribute("data-char-limit"), 10);
    var id = area.getAttribute("aria-describedby");
    var counter = id ? document.getElementById(id) : null;
    if (!counter || !limit) { return; }
    var count = Array.from(area.value).length;
    var shown = counter.querySelector("[data-count]");
    if (shown) { shown.textContent = String(count); }
    counter.classList.toggle("over", count > limit);
  }

  function insertText(area, text, replaceEmpty) {
    var start = area.selectionStart || 0;
    var end = area.selectionEnd || 0;
    if (replaceEmpty && !area.value.trim()) {
      area.value = text;
    } else {
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
    }
    var caret = (replaceEmpty && area.value === text) ? text.length : start + text.length;
    area.focus();
    area.setSelectionRange(caret, caret);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function copy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var text = source.value || source.textContent;
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied") || "✓";
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { source.select(); document.execCommand("copy"); done(); });
    } else {
      source.select();
      document.execCommand("copy");
      done();
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-char-limit]")) {
      updateCounter(event.target);
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-template-for],[data-mention-for],[data-copy]") : null;
    if (!target) { return; }
    if (target.hasAttribute("data-template-for")) {
      var area = document.getElementById(target.getAttribute("data-template-for"));
      if (area) { insertText(area, target.getAttribute("data-template-text"), true); }
    } else if (target.hasAttribute("data-mention-for")) {
      var note = document.getElementById(target.getAttribute("data-mention-for"));
      if (note) {
        var before = note.value && !/\s$/.test(note.value.slice(0, note.selectionStart || note.value.length)) ? " " : "";
        insertText(note, before + target.getAttribute("data-mention") + " ", false);
      }
    } else if (target.hasAttribute("data-copy")) {
      copy(target);
    }
  });

  function init(root) {
    (root || document).querySelectorAll("textarea[data-char-limit]").forEach(updateCounter);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
