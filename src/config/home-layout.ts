/** Where things live, for `imagegen home` and `imagegen config path`. */
import { join } from 'node:path';
import { catalogFile } from '../catalog/file.js';
import { configPath } from './config-file.js';
import type { Settings } from './settings.js';

export interface HomeLayout {
  home: string;
  catalog: string;
  blobs: string;
  templates: string;
  config: string;
  out: string;
}

export function homeLayout(settings: Settings): HomeLayout {
  return {
    home: settings.home,
    catalog: catalogFile(settings.home),
    blobs: join(settings.home, 'blobs'),
    templates: join(settings.home, 'templates'),
    config: configPath(settings.home),
    out: settings.outDir,
  };
}
