// The consumers the suite can speak for, and the run of their profiles.
import { didYouMean } from '@taxii21/command-line';
import { elasticTiCustom } from './elastic.js';
import { mispPush } from './misp.js';
import { openCti } from './opencti.js';
import { Findings, type ConsumerContext, type ConsumerProfile, type ConsumerVerdict } from './profile.js';
import { sentinel } from './sentinel.js';
import { splunkCtis } from './splunk-ctis.js';
import { taxii2Client } from './taxii2-client.js';

export type { ConsumerVerdict } from './profile.js';

export const CONSUMERS: readonly ConsumerProfile[] = [taxii2Client, openCti, elasticTiCustom, mispPush, sentinel, splunkCtis];

/** The profiles `--consumers` names: `all`, or names separated by commas. Throws with the known names on an unknown one. */
export function chooseConsumers(list: string): ConsumerProfile[] {
  if (list.trim() === 'all') return [...CONSUMERS];
  const names = CONSUMERS.map((c) => c.name);
  return list.split(',').map((name) => {
    const found = CONSUMERS.find((c) => c.name === name.trim());
    if (found) return found;
    const guess = didYouMean(name.trim(), names);
    throw new Error(`unknown consumer '${name.trim()}'${guess ? ` (did you mean '${guess}'?)` : ''}; known: ${names.join(', ')}, or all`);
  });
}

export async function judgeConsumers(profiles: readonly ConsumerProfile[], context: ConsumerContext): Promise<ConsumerVerdict[]> {
  const verdicts: ConsumerVerdict[] = [];
  for (const profile of profiles) {
    const findings = new Findings();
    try {
      await profile.judge(context, findings);
    } catch (error) {
      findings.breaks(`the profile stopped: ${(error as Error).message}`);
    }
    verdicts.push({
      name: profile.name,
      title: profile.title,
      works: findings.reasons.length > 0 ? false : findings.untried ? null : true,
      reasons: findings.reasons,
      warnings: findings.warnings,
      notTried: findings.notTried,
    });
  }
  return verdicts;
}
