// A real Claude client in another language: the official TypeScript SDK, configured only through the environment
// (ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY), as a candidate's program in the terminal would be.
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic({ maxRetries: 0 });
const created = await client.messages.create({
  model: "claude-test",
  max_tokens: 64,
  system: "You are an interviewer.",
  messages: [{ role: "user", content: "node: unary" }],
});
const stream = client.messages.stream({
  model: "claude-test",
  max_tokens: 64,
  messages: [{ role: "user", content: "node: streamed" }],
});
const streamed = await stream.finalMessage();
process.stdout.write(JSON.stringify({ created, streamed }) + "\n");
