"""The incidents screen: the table, filters, by-author view, detail pane, editor and evidence."""
