"""The conversations: dialogs, user-facing texts (one file per locale) and Adaptive Card builders."""
