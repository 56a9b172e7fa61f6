#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's ESM loader (its CommonJS hook breaks marp-core's mermaid).
import { register } from 'tsx/esm/api';

register();
await import('../scripts/bin.ts');
