"""The web UI: templates, static assets and the views that render them (served by `lagebild.api`)."""
