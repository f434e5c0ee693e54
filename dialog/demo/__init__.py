"""Parts of the demo municipality that `load_demo` loads through hooks, one module per part."""
