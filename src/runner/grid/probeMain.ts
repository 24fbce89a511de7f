import { Worker } from "node:worker_threads";
const loader = import.meta.resolve("tsx");
const api = import.meta.resolve("tsx/esm/api");
const target = new URL("./probeW.ts", import.meta.url).href;
function run(name: string, make: () => Worker) {
  return new Promise<void>((res) => {
    const t0 = performance.now();
    const w = make();
    w.on("message", (m) => { console.log(name, "msg", m, (performance.now()-t0).toFixed(0), "ms"); w.terminate(); res(); });
    w.on("error", (e) => { console.log(name, "err", String(e)); res(); });
  });
}
await run("A dynamic import after --import", () => new Worker(`import(${JSON.stringify(target)})`, { eval: true, execArgv: ["--import", loader] }));
await run("B eval register", () => new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); })`, { eval: true }));
