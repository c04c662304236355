"""An agency's own published posts: the page with their numbers over time and the followers
of its accounts, and posts logged by hand where the platform gives no API (TikTok)."""
