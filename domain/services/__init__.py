"""Service functions: one use case each, over a unit of work (domain.ports). No framework imports."""
