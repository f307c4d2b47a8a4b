"""Pure chart builders, one module per page area: `(df, *, lang, ...) -> go.Figure`. No `st.` inside."""
