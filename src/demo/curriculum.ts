// The demo app's curriculum (the learner model, seed 002): the demo's five topics with exam weights,
// prerequisites and the materials its material events name, so `tally demo` shows mastery, gaps
// and due reviews once the learning jobs have run.

export const DEMO_CURRICULUM = [
  { topic_id: 'anatomy', name: 'Anatomy', board_exam_weight: 6, prerequisites: [], materials: ['anatomy-pdf', 'anatomy-video', 'anatomy-article'] },
  { topic_id: 'cardiology', name: 'Cardiology', board_exam_weight: 9, prerequisites: ['anatomy'], materials: ['cardiology-pdf', 'cardiology-video', 'cardiology-article'] },
  { topic_id: 'neurology', name: 'Neurology', board_exam_weight: 7, prerequisites: ['anatomy'], materials: ['neurology-pdf', 'neurology-video', 'neurology-article'] },
  { topic_id: 'pathology', name: 'Pathology', board_exam_weight: 8, prerequisites: ['anatomy'], materials: ['pathology-pdf', 'pathology-video', 'pathology-article'] },
  { topic_id: 'pharmacology', name: 'Pharmacology', board_exam_weight: 8.5, prerequisites: ['pathology'], materials: ['pharmacology-pdf', 'pharmacology-video', 'pharmacology-article'] },
];

/** the learning jobs `tally demo` runs after loading: daily stats for each day, then mastery and gaps */
export const DEMO_LEARNING_JOBS = { dailyStats: 'learning_daily_stats', mastery: 'learning_mastery', gaps: 'learning_gaps' } as const;
