// A worker thread of the local-checker pool (piscina): Harper and the spelling refiner live here, so a
// 10 KB text's ~50–90 ms of linting never blocks the event loop that serves everyone else.
import { checkPieces, type LocalCheckTask } from './local-check.js';

export default function run(task: LocalCheckTask) {
  return checkPieces(task);
}
