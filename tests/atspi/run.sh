#!/bin/sh
# The accessibility check on a real AT-SPI bus: a private D-Bus session, a virtual X
# display, the app with Qt's accessibility bridge on, and the walker with pyatspi.
# Usage: run.sh PROJECT_PYTHON PASSPHRASE_FILE CONTROL_DIR
# (PRACTITIONER_JOURNAL_DIR names the journal; CONTROL_DIR is where the walker asks the
# app for each screen in turn.)
set -eu
here=$(dirname "$0")
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
  launcher=$!
  # Wait until the accessibility bus is there (asking who owns the name starts nothing).
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.a11y.Bus 2>/dev/null | grep -q true \
      || [ $tries -ge 200 ]; do
    tries=$((tries + 1))
    sleep 0.05
  done
  QT_ACCESSIBILITY=1 QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb \
    "$1" "$3/app.py" "$2" "$4" >/dev/null 2>&1 &
  app=$!
  status=0
  /usr/bin/python3 "$3/walk.py" "$4" 60 || status=$?
  kill "$app" "$launcher" 2>/dev/null || true
  exit $status
' sh "$1" "$2" "$here" "$3"
