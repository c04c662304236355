"""The agency's settings page, for its head (and the communications office for any agency):
its staff, the public tag, reply templates, and proposals to change its working calendar or
first-response targets, which the communications office approves."""
