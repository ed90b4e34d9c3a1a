"""What the app's sections share: widgets, words for stored values, drafts, notices.

A section (incidents, search log, supervision, reports, wellbeing, safety, support,
guidance) imports the core and this kit, never another section; what two sections
need lives here.
"""
