"""The service: settings, app factory, adapter, Teams activity handler, command router, CLI."""
