// Every recipe of the matrix, in the order of its table.
import oapiCodegen from './oapi-codegen/recipe.mjs';
import openapiFetch from './openapi-fetch/recipe.mjs';
import openapiGeneratorGo from './openapi-generator-go/recipe.mjs';
import openapiGeneratorJava from './openapi-generator-java/recipe.mjs';
import openapiGeneratorPython from './openapi-generator-python/recipe.mjs';

export const RECIPES = [openapiFetch, openapiGeneratorPython, openapiGeneratorGo, openapiGeneratorJava, oapiCodegen];
