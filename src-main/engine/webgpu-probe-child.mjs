// Child process of the WebGPU adapter probe (webgpu-probe.ts): asks Dawn for its high-performance adapter and prints
// what it found as one JSON line on stdout. It runs apart so that what the Vulkan loader, its implicit layers and Dawn
// write straight to stderr while they enumerate adapters is captured by the parent, not shown on the user's terminal.
let answer;
try {
  const { create } = await import('webgpu');
  const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
  const info = adapter?.info;
  answer = {
    adapter: info
      ? { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: info.isFallbackAdapter }
      : null,
  };
} catch (err) {
  answer = { error: err instanceof Error ? err.message : String(err) };
}
// Exit as soon as the answer is out: the Dawn instance would otherwise keep the process (and the parent) waiting.
// `ms`: this process's time from its start to the answer (node's own start-up included).
process.stdout.write(`${JSON.stringify({ ...answer, ms: performance.now() })}\n`, () => process.exit(0));
