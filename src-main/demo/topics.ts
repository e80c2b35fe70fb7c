// Vocabulary of the built-in demo data set: household topics, each with the steps a helpful answer gives.

export interface DemoTopic {
  /** The thing the user asks about; a helpful answer names it. */
  item: string;
  /** What the user wants to do with it; `{}` stands for the item with its determiner. */
  task: string;
  /** Concrete steps; each mentions the item, so relevance is visible in the text. */
  steps: string[];
}

export const TOPICS: DemoTopic[] = [
  { item: 'basil', task: 'keep {} fresh', steps: ['Trim the basil stems and stand them in a glass of water.', 'Keep the basil on the counter, away from the cold fridge.', 'Cover the basil loosely with a plastic bag.'] },
  { item: 'bike chain', task: 'clean {}', steps: ['Shift the bike chain onto the smallest cog first.', 'Scrub the bike chain with degreaser and a stiff brush.', 'Dry the bike chain and add one drop of oil per link.'] },
  { item: 'cast iron pan', task: 'season {}', steps: ['Wash the cast iron pan and dry it on the stove.', 'Rub a thin layer of oil over the whole cast iron pan.', 'Bake the cast iron pan upside down for an hour.'] },
  { item: 'sourdough starter', task: 'revive {}', steps: ['Discard most of the sourdough starter and keep a spoonful.', 'Feed the sourdough starter equal weights of flour and water.', 'Keep the sourdough starter somewhere warm and feed it twice a day.'] },
  { item: 'leaky faucet', task: 'fix {}', steps: ['Turn off the water supply under the leaky faucet.', 'Take the handle off the leaky faucet and replace the worn washer.', 'Reassemble the leaky faucet and test it slowly.'] },
  { item: 'houseplant', task: 'repot {}', steps: ['Water the houseplant a day before you move it.', 'Choose a pot slightly wider than the houseplant root ball.', 'Loosen the roots of the houseplant and add fresh soil around them.'] },
  { item: 'wool sweater', task: 'wash {}', steps: ['Turn the wool sweater inside out before washing.', 'Soak the wool sweater in cool water with a gentle detergent.', 'Lay the wool sweater flat on a towel to dry.'] },
  { item: 'laptop battery', task: 'make {} last longer', steps: ['Lower the screen brightness to save the laptop battery.', 'Keep the laptop battery between twenty and eighty percent.', 'Close background apps that drain the laptop battery.'] },
  { item: 'tomato seedlings', task: 'grow {}', steps: ['Give the tomato seedlings at least eight hours of light.', 'Water the tomato seedlings at the base, not the leaves.', 'Harden off the tomato seedlings outdoors for a week.'] },
  { item: 'kitchen knife', task: 'sharpen {}', steps: ['Soak the whetstone before you sharpen the kitchen knife.', 'Hold the kitchen knife at a steady twenty degree angle.', 'Finish the kitchen knife on the fine side of the stone.'] },
  { item: 'car tire', task: 'change {}', steps: ['Loosen the lug nuts before lifting the car tire off the ground.', 'Raise the car with the jack at the frame point near the car tire.', 'Tighten the lug nuts on the new car tire in a star pattern.'] },
  { item: 'resume', task: 'improve {}', steps: ['Put your strongest results at the top of the resume.', 'Use numbers to show impact on the resume.', 'Keep the resume to one page for early career roles.'] },
  { item: 'wooden table', task: 'refinish {}', steps: ['Sand the wooden table along the grain.', 'Wipe the dust off the wooden table with a tack cloth.', 'Apply thin coats of finish to the wooden table.'] },
  { item: 'rice', task: 'cook {}', steps: ['Rinse the rice until the water runs clear.', 'Use about one and a half cups of water per cup of rice.', 'Let the rice rest covered for ten minutes after cooking.'] },
  { item: 'puppy', task: 'house train {}', steps: ['Take the puppy outside after every meal and nap.', 'Praise the puppy right after it goes outdoors.', 'Keep the puppy on a regular feeding schedule.'] },
  { item: 'password manager', task: 'set up {}', steps: ['Pick a long master passphrase for the password manager.', 'Import your saved logins into the password manager.', 'Turn on two factor authentication for the password manager.'] },
  { item: 'bread dough', task: 'knead {}', steps: ['Flour the counter lightly before kneading the bread dough.', 'Push the bread dough away with the heel of your hand and fold it back.', 'Knead the bread dough until it springs back when pressed.'] },
  { item: 'garden soil', task: 'improve {}', steps: ['Mix compost into the garden soil each spring.', 'Test the garden soil for its acidity.', 'Cover the garden soil with mulch to keep moisture in.'] },
  { item: 'coffee grinder', task: 'clean {}', steps: ['Unplug the coffee grinder before cleaning it.', 'Grind a spoon of dry rice to clean the coffee grinder blades.', 'Wipe the coffee grinder with a dry brush.'] },
  { item: 'running shoes', task: 'choose {}', steps: ['Try the running shoes on in the afternoon when feet are larger.', 'Leave a thumb width of space at the front of the running shoes.', 'Replace running shoes every few hundred miles.'] },
  { item: 'spreadsheet', task: 'organize {}', steps: ['Give every column of the spreadsheet a clear header.', 'Freeze the top row of the spreadsheet.', 'Keep raw data and summaries on separate tabs of the spreadsheet.'] },
  { item: 'fish tank', task: 'maintain {}', steps: ['Change a quarter of the fish tank water every week.', 'Rinse the fish tank filter in old tank water.', 'Test the fish tank water for ammonia.'] },
  { item: 'headache', task: 'ease {}', steps: ['Drink a glass of water, since a headache often comes from thirst.', 'Rest in a dark quiet room until the headache fades.', 'See a doctor if the headache is sudden and severe.'] },
  { item: 'winter coat', task: 'store {}', steps: ['Clean the winter coat before storing it.', 'Hang the winter coat on a wide padded hanger.', 'Keep the winter coat in a breathable cotton bag.'] },
  { item: 'guitar strings', task: 'replace {}', steps: ['Loosen and remove one of the old guitar strings at a time.', 'Wind the new guitar strings neatly around the tuning posts.', 'Stretch the new guitar strings gently and retune.'] },
  { item: 'budget', task: 'make {}', steps: ['List your monthly income at the top of the budget.', 'Track every expense for a month before setting the budget.', 'Set aside savings first in the budget.'] },
  { item: 'shower drain', task: 'unclog {}', steps: ['Pull hair out of the shower drain with a plastic hook.', 'Pour hot water and baking soda down the shower drain.', 'Use a plunger on the shower drain if it is still slow.'] },
  { item: 'strawberry plants', task: 'look after {}', steps: ['Plant the strawberry plants in full sun.', 'Put straw under the strawberry plants to keep berries clean.', 'Remove runners from the strawberry plants in the first year.'] },
  { item: 'presentation', task: 'prepare {}', steps: ['Start the presentation with the one point you want remembered.', 'Rehearse the presentation out loud twice.', 'Keep each slide of the presentation to one idea.'] },
  { item: 'snow shovel', task: 'use {} safely', steps: ['Push snow with the snow shovel instead of lifting it.', 'Bend your knees when you lift the snow shovel.', 'Take breaks often when using the snow shovel.'] },
];

/** How a user phrases a request about a topic. */
const ask = (t: DemoTopic, det: string) => t.task.replace('{}', `${det} ${t.item}`);
export const ASKS = [
  (t: DemoTopic) => `How do I ${ask(t, 'my')}?`,
  (t: DemoTopic) => `What is the best way to ${ask(t, 'a')}?`,
  (t: DemoTopic) => `Can you tell me how to ${ask(t, 'the')}?`,
  (t: DemoTopic) => `I need to ${ask(t, 'my')}. Any advice?`,
];

/** Openers that every response may use; they carry no preference signal. */
export const OPENERS = ['Sure.', 'Good question.', 'Here is what works.', 'Happy to help.', 'Okay.'];

/**
 * Filler that only adds length. The spurious feature: in the training split the chosen response gets more of
 * it than the rejected one most of the time; in validation it is balanced, so length alone does not predict.
 */
export const FILLERS = [
  'Hope this helps.',
  'Let me know if you have other questions.',
  'Many people ask about this.',
  'It gets easier with practice.',
  'Take your time with it.',
  'There are many opinions on this topic.',
];

/** Phrases that make a response unhelpful whatever else it says (a planted flaw). */
export const DISMISSALS = [
  'Just search for it online.',
  'That is not worth your time.',
  'Figure it out yourself.',
  'Ask someone else about that.',
];

/** Advice that makes a response unsafe even next to a correct step (a planted flaw). */
export const UNSAFE = [
  'Skip the safety steps to save time.',
  'Ignore the warning label on the package.',
  'Do it with the power still on.',
  'Leave it running while nobody watches.',
];

/** Sentences that sound helpful but give no concrete step (a planted flaw). */
export const VAGUE = [
  'It really depends on your situation.',
  'Everyone has their own method for this.',
  'There is no single right answer here.',
  'You will find what works for you eventually.',
];
