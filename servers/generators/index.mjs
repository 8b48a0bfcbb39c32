// Every recipe of the server matrix, in the order of its table.
import kotlinSpring from './kotlin-spring/recipe.mjs';
import oapiCodegen from './oapi-codegen/recipe.mjs';
import pythonFastapi from './python-fastapi/recipe.mjs';
import spring from './spring/recipe.mjs';

export const RECIPES = [pythonFastapi, oapiCodegen, spring, kotlinSpring];
