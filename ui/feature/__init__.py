"""The contract between the shell and the feature packages: ``actions`` (typed actions),
``context`` (what a feature is given), ``tab`` (the base of a tab), ``mount`` (what a
feature gives back). Import the modules themselves: this package imports nothing, so
that the shell can use the light ones before the plan (and SQLAlchemy) is loaded."""
