"""Practitioner Journal core: the encrypted store, keys, model, search and command line.

Nothing in this package imports Qt, so the command line and the tests run headless.
Import the submodules you need; this module stays light so start-up stays fast.
"""

__version__ = "0.1.0"
APP_ID = "org.practitionerjournal.PractitionerJournal"
APP_NAME = "Practitioner Journal"
