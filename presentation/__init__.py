"""What users read, free of any framework: the texts of each locale (presentation/locales/), plural
forms and the programme's names filled in, and how stored values read. The Teams cards (dialogs/)
and the reports (reports/) both use it; neither needs the other for it."""
