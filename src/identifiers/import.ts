import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { StageResources } from '../config/stage.js';
import type { Stage } from '../model/alert.js';
import { sha256Hex } from '../util/sha256.js';
import { IdentifierImportError, identifiersFromOutputs, outputMap } from './outputs.js';
import { renderIdentifiers } from './render.js';

/** Where a stage's generated identifiers live, relative to the repository root. */
export const identifiersPath = (stage: Stage): string => join('src', 'config', 'stages', `${stage}.identifiers.ts`);

export interface ImportRequest {
  /** Repository root the generated file is written under. */
  root: string;
  stage: Stage;
  region: string;
  outputsFile: string;
  /** `--map <output>=<field>` options. */
  maps: readonly string[];
  now: Date;
}

export interface ImportResult {
  path: string;
  resources: StageResources;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new IdentifierImportError([`cannot read the outputs file "${file}": ${(error as Error).message}`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IdentifierImportError([`the outputs file "${file}" is not JSON (${(error as Error).message})`]);
  }
}

/** Reads `terraform output -json`, converts it to the stage's identifiers and writes the generated module. */
export function importStage(req: ImportRequest): ImportResult {
  const text = readJson(req.outputsFile);
  const resources = identifiersFromOutputs(text, outputMap(req.maps), req.region);
  const rel = relative(req.root, req.outputsFile);
  const source = !isAbsolute(rel) && !rel.startsWith('..') ? rel : req.outputsFile.split(/[\\/]/).at(-1)!;
  const sha256 = sha256Hex(readFileSync(req.outputsFile, 'utf8'));
  const path = join(req.root, identifiersPath(req.stage));
  writeFileSync(path, renderIdentifiers(req.stage, resources, { source, sha256, generatedAt: req.now }));
  return { path, resources };
}
