/** `workflow` from the TypeScript sources, for git to call as a driver or textconv in tests (`cliCommand()`). */
import { runCli } from '../../../src/cli/main';

runCli();
