"""Checklist templates with built-in checklists (KEFU action 2): versioned data, conditional items,
answers that feed the slutrapport and gate the stages.

Modules: model (template, item, answer), conditions (structured conditions, evaluated without
eval), references (rules between items), problems (what is wrong with a template file), loader
(TOML -> Template, validated), values (answer values per type), answers (a delprojekt's checklist
state), library (the template versions the service knows). The shipped default is
templates/standard.toml."""
