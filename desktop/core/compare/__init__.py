"""Compare side by side: one conversation sent to 2-4 targets (models, settings, backends).

- `target`: CompareTarget; `target_spec`: the `model:PATH,...` / `backend:NAME/MODEL,...` parser.
- `schedule`: which panes run at the same time (the fit estimate for local models together).
- `session`: CompareSession, the live comparison; `events` what it tells observers; `pane`
  one pane's history and live reply; `pane_run` one pane's reply on its backend;
  `divergence` where replies of one model part ways.
- `record`: saving a comparison as an experiment run; `continue_chat`: a pane as a chat;
  `from_chat`: "Compare..." from a chat message (its history and the message to send).

Nothing is imported here: the store imports `target` through this package.
"""
