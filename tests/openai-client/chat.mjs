// The official OpenAI Node.js client against 'cocoonctl serve' (tests/app/TestChat.cpp):
//   node chat.mjs BASE_URL MODEL
// Lists models, asks once without and once with streaming, asks for a model no node serves,
// and prints what it got as one JSON line.
import OpenAI from 'openai';

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'unused-on-loopback', maxRetries: 0, timeout: 60000 });
const messages = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'What is confidential computing?' },
];

const models = await client.models.list();
const full = await client.chat.completions.create({ model, messages, max_tokens: 16, temperature: 0 });
const stream = await client.chat.completions.create({ model, messages, max_tokens: 16, temperature: 0, stream: true });
let streamed = '';
let chunks = 0;
let finish = null;
let usage = null;
for await (const chunk of stream) {
  chunks += 1;
  const choice = chunk.choices[0];
  streamed += choice?.delta?.content ?? '';
  if (choice?.finish_reason) finish = choice.finish_reason;
  if (chunk.usage) usage = chunk.usage;
}
let missing = null;
try {
  await client.chat.completions.create({ model: 'no-such-model', messages, max_tokens: 4 });
} catch (e) {
  missing = { status: e.status, message: e.message };
}
console.log(JSON.stringify({
  ids: models.data.map((m) => m.id),
  names: models.data.map((m) => m.name),
  full: full.choices[0].message.content,
  fullFinish: full.choices[0].finish_reason,
  fullUsage: full.usage,
  streamed,
  chunks,
  finish,
  usage,
  missing,
}));
