// Every recipe of the matrix, in the order of its table.
import heyApi from './hey-api/recipe.mjs';
import oapiCodegen from './oapi-codegen/recipe.mjs';
import oazapfts from './oazapfts/recipe.mjs';
import openapiFetch from './openapi-fetch/recipe.mjs';
import openapiGeneratorGo from './openapi-generator-go/recipe.mjs';
import openapiGeneratorJava from './openapi-generator-java/recipe.mjs';
import openapiGeneratorTypescript from './openapi-generator-typescript/recipe.mjs';
import openapiGeneratorPython from './openapi-generator-python/recipe.mjs';
import openapiTypescriptCodegen from './openapi-typescript-codegen/recipe.mjs';
import openapiZodClient from './openapi-zod-client/recipe.mjs';
import ploidy from './ploidy/recipe.mjs';
import openapiGeneratorPlus from './openapi-generator-plus/recipe.mjs';
import openapiPythonClient from './openapi-python-client/recipe.mjs';
import swaggerTypescriptApi from './swagger-typescript-api/recipe.mjs';

export const RECIPES = [
  openapiFetch,
  oazapfts,
  swaggerTypescriptApi,
  heyApi,
  openapiGeneratorTypescript,
  openapiTypescriptCodegen,
  openapiZodClient,
  openapiGeneratorPlus,
  openapiGeneratorPython,
  openapiPythonClient,
  openapiGeneratorGo,
  openapiGeneratorJava,
  oapiCodegen,
  ploidy,
];
