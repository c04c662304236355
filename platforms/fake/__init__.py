"""The fake platform of the embedded demo and the tests: a separate process imitating the part
of X, Meta (Facebook, Instagram, WhatsApp) and YouTube that the connectors use (`server`),
the deterministic ids both sides agree on (`ids`), and simulated citizens (`citizens`)."""
