// npm pack (prepack): each package's tarball carries the repository's LICENSE, from one copy.
import { copyFileSync } from 'node:fs';

copyFileSync(new URL('../LICENSE', import.meta.url), 'LICENSE');
