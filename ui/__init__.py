"""The Qt desktop application: a thin face over planner's services."""
