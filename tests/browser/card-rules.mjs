// The official Adaptive Cards parser (npm adaptivecards): parse a card as a client does and list
// what validateProperties reports, plus the limits Teams and the Agents Playground add.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// The package's lib/ is ES modules without file extensions, which Node cannot load; the UMD build
// in dist/ is the same parser.
const AC = require("adaptivecards/dist/adaptivecards.js");

const MAX_CARD_BYTES = 28 * 1024;

function* elements(node) {
  if (Array.isArray(node)) {
    for (const item of node) yield* elements(item);
  } else if (node && typeof node === "object") {
    yield node;
    for (const value of Object.values(node)) yield* elements(value);
  }
}

export function cardProblems(json) {
  const problems = [];
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i += 1) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(event.message);
  if (Number.parseFloat(json.version) > 1.5) problems.push(`version ${json.version} is above 1.5`);
  const size = Buffer.byteLength(JSON.stringify(json), "utf8");
  if (size > MAX_CARD_BYTES) problems.push(`${size} bytes, above Teams' ${MAX_CARD_BYTES}`);
  for (const element of elements(json)) {
    if (element.type === "Action.Submit" && element.data && typeof element.data === "object" && "key" in element.data) {
      problems.push(`Action.Submit "${element.title}" has data.key, which the Agents Playground cannot send`);
    }
  }
  return problems;
}
