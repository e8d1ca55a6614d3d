"""Widgets the features share: table panel, forms, date edit, dialogs."""
