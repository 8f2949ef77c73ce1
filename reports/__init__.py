"""Reports generated from what was stored: the slutrapport above all, and the uppdrag, a meeting's
protokoll, the portfolio översikt and the uppföljning. Building a report is a pure function of a
read-side snapshot; rendering turns the report into DOCX, HTML or Markdown bytes."""
