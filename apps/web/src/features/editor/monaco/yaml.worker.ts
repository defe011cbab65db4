// The YAML language worker, loaded by setup.ts with Vite's `?worker`. It must be a file of the app importing
// monaco-yaml's worker (not monaco-yaml's file itself): see DESIGN §10 and monaco-yaml's README ("Why doesn't it
// work with Vite?").
import "monaco-yaml/yaml.worker.js";
