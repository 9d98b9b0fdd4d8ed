"""The demo: made-up homes, staff, children, incidents and quality records, written through the
repositories and batch writers so they pass the same checks as real data.

`build_demo(path, DemoOptions(...))` is what `carehome-desk demo` and the window's first run call;
`populate(store, options)` fills a store that is already open.
"""

from carehome_desk.demo.build import DemoOptions, build_demo, populate

__all__ = ["DemoOptions", "build_demo", "populate"]
