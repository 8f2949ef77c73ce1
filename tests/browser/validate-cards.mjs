// Reads Adaptive Cards (a JSON array) on standard input and prints, as JSON, the problems the
// official parser finds in each: [[problem, ...], ...]. tests/unit/test_card_rules.py uses it.
import { cardProblems } from "./card-rules.mjs";

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const cards = JSON.parse(input);
  process.stdout.write(JSON.stringify(cards.map((card) => cardProblems(card))));
});
