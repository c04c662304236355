"""A person's notifications: the bell, the page, marking read, and the e-mail copy of the
kinds a person chose (accounts.models.NotificationPreference)."""
