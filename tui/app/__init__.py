"""The reader's user interface, built on Textual; nothing below `tui.app` imports it.

- `app.QariApp`: thin; holds the store, language and display options, opens `MainScreen`.
- `screens/main.py`: composes the panes; state (`shown`, `results`, side rows, `active`
  pane) lives in its reactives, which the panes are bound to; `@on(Message, "#pane")`
  handlers and `action_*` methods are everything the reader does.
- `widgets/`: the panes, each owning its DEFAULT_CSS; lists draw rows with the Line API.
- `keymap.py`: every key (and every word shown) once, in Arabic and English.
- A new action: an `action_*` on MainScreen plus a `Key` line; a new pane: a widget in
  `widgets/`, composed and bound in MainScreen.compose, its name in `tui.types.Pane`.
"""
