import { addDays } from '@app/domain';

/**
 * The 2014 reference program as it stood on 1 July 2014 (noon, Singapore time): seven markets' user data
 * moving from China to the US and Singapore by the end of October, each market in a different situation.
 * Steps are listed in the order they happened; each is posted with the clock set just after it happened.
 */
export const PROGRAM_ID = 'intl-2014';
export const NOW = '2014-07-01T12:00:00+08:00';

export interface ScenarioStep {
  at: string;
  path: string;
  body?: Record<string, unknown>;
}

interface DailyPlan {
  market: string;
  from: string;
  days: number;
  usersPerDay: number;
}

const P = `/programs/${PROGRAM_ID}`;
const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;

export const MARKETS = [
  { market: 'IN', targetRegion: 'us-east', usersInScope: 620_000 },
  { market: 'HK', targetRegion: 'singapore', usersInScope: 410_000 },
  { market: 'ID', targetRegion: 'singapore', usersInScope: 1_150_000 },
  { market: 'MY', targetRegion: 'singapore', usersInScope: 380_000 },
  { market: 'PH', targetRegion: 'us-east', usersInScope: 290_000, plannedStart: '2014-08-01T00:00:00+08:00' },
  { market: 'SG', targetRegion: 'singapore', usersInScope: 240_000 },
  { market: 'TW', targetRegion: 'us-east', usersInScope: 870_000 },
];

/** One batch copied at 10:00 and verified at 16:00, every day of the plan. */
const PLANS: DailyPlan[] = [
  { market: 'HK', from: '2014-05-01', days: 61, usersPerDay: 3_000 }, // on track: needs ~1,850/day
  { market: 'TW', from: '2014-05-01', days: 61, usersPerDay: 2_000 }, // off track: needs ~6,100/day
  { market: 'ID', from: '2014-04-01', days: 91, usersPerDay: 5_000 }, // at risk: needs ~5,670/day
  { market: 'MY', from: '2014-05-15', days: 30, usersPerDay: 3_000 }, // then paused
  { market: 'SG', from: '2014-05-01', days: 60, usersPerDay: 4_000 }, // all verified, cut over
];

export function referenceSteps(): ScenarioStep[] {
  const steps: ScenarioStep[] = [
    {
      at: at('2014-01-15', 9),
      path: '/programs',
      body: {
        programId: PROGRAM_ID,
        name: 'International user data relocation 2014',
        sourceRegion: 'cn-north',
        deadline: '2014-10-31T23:59:59+08:00',
        timeZone: 'Asia/Singapore',
        dataCategories: ['device-ids', 'phone-numbers', 'contacts', 'messages', 'backups', 'cloud-files'],
      },
    },
    ...MARKETS.map((m) => ({ at: at('2014-02-01', 9), path: `${P}/markets`, body: { ...m } })),
  ];
  for (const plan of PLANS) {
    const M = `${P}/markets/${plan.market}`;
    steps.push({ at: at(plan.from, 8), path: `${M}/start` });
    for (let i = 0; i < plan.days; i++) {
      const day = addDays(plan.from, i);
      const batch = `${M}/batches/${plan.market}-${String(i + 1).padStart(4, '0')}`;
      steps.push({ at: at(day, 10), path: `${batch}/copied`, body: { users: plan.usersPerDay } });
      steps.push({ at: at(day, 16), path: `${batch}/verified`, body: {} });
    }
  }
  steps.push({
    at: at('2014-06-14', 9),
    path: `${P}/markets/MY/pause`,
    body: { reason: 'Contacts store checksum mismatches' },
  });
  steps.push({ at: at('2014-06-30', 20), path: `${P}/markets/SG/cutover` });
  // India: ten batches of 62,000, batch 4 fails once and is retried; cut over, purged, completed.
  const IN = `${P}/markets/IN`;
  steps.push({ at: at('2014-03-03', 9), path: `${IN}/start` });
  for (let i = 1; i <= 10; i++) {
    const day = `2014-04-${String(i + 1).padStart(2, '0')}`;
    const batch = `${IN}/batches/IN-${String(i).padStart(3, '0')}`;
    steps.push({ at: at(day, 10), path: `${batch}/copied`, body: { users: 62_000 } });
    if (i === 4) {
      steps.push({ at: at(day, 12), path: `${batch}/failed`, body: { reason: 'Row count mismatch' } });
      steps.push({ at: at(day, 18), path: `${batch}/copied`, body: { users: 62_000 } });
    }
    steps.push({ at: at(day, 20), path: `${batch}/verified`, body: {} });
  }
  steps.push({ at: at('2014-05-20', 9), path: `${IN}/cutover` });
  steps.push({
    at: at('2014-06-15', 9),
    path: `${IN}/purge`,
    body: { evidence: 'CHG-2014-0615-IN wipe certificate' },
  });
  steps.push({ at: at('2014-06-16', 9), path: `${IN}/complete` });
  return steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
