"""Looking after the practitioner: check-ins, the wellbeing dashboard, prompts and ProQOL.

``ui.wellbeing.section.install(window)`` plugs it all into the main window. The
dashboard (the only part that needs Qt Charts) is imported when its page is first shown.
"""
