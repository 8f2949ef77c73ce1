"""Checklist templates with built-in checklists (KEFU action 2): versioned data, conditional items,
answers that feed the slutrapport and gate the stages.

Modules: model (template, item, answer), conditions (structured conditions, evaluated without
eval), references (rules between items), problems (what is wrong with a template file), loader
(TOML -> Template, validated; fields: the parts of it), values (answer values per type), answers (a
delprojekt's checklist state), library (the template versions the service knows), carry (moving
answers to a newer version), weight (what a template asks of a delprojekt per character). Every
templates/*.toml ships; the newest templates/standard-<version>.toml is the default."""
