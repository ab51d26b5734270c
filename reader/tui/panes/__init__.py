"""The main screen's panes: containers of widgets that own their part of the screen's work and
tell the screen what happened by messages (``reader.tui.messages``)."""
