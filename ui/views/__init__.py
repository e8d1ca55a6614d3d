"""The tabs of the main window: tables of the plan with their details."""
