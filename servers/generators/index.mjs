// Every recipe of the server matrix, in the order of its table.
import oapiCodegen from './oapi-codegen/recipe.mjs';

export const RECIPES = [oapiCodegen];
