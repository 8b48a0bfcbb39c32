"""A TAXII 2.1 server built on what openapi-generator's python-fastapi generator makes from this
project's server variant: the generated routes call the subclasses in taxii_server/impl/ (the
generator's extension point); this file loads the settings, adds the middleware and the TAXII error
answers to the generated app, and serves it.

    python serve.py settings.json
"""

import asyncio
import socket
import sys

import uvicorn
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from taxii_server.impl import settings
from taxii_server.impl.middleware import TaxiiGate
from taxii_server.impl.taxii_api import TaxiiError


def main(path: str) -> None:
    settings.SERVER = settings.load(path)
    from taxii_server.main import app  # imports the routes, which import impl/

    # The generated routes depend on every scheme of `security` at once, although the description
    # lists them as alternatives: HTTPBasic and HTTPBearer are both required, so a Basic request
    # fails HTTPBearer with 403. TaxiiGate has authenticated the request before any route runs;
    # FastAPI's own override mechanism replaces each generated scheme dependency with one that
    # accepts what the gate accepted.
    from taxii_server import security_api

    for name in dir(security_api):
        if name.startswith("get_token_"):
            app.dependency_overrides[getattr(security_api, name)] = lambda: None

    # The generated app includes its routers in tag order, so `/{apiRoot}/` (API Root) is tried
    # before `/taxii2/` (Discovery) and takes discovery's requests: routes with fixed paths first.
    app.router.routes.sort(key=lambda route: "{" in getattr(route, "path", ""))

    @app.exception_handler(TaxiiError)
    async def taxii_error(request, error: TaxiiError):
        return error.response()

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request, error: RequestValidationError):
        # A body that is JSON but not an envelope cannot be processed (422); a bad parameter is 400.
        where = {str(e.get("loc", ("",))[0]) for e in error.errors()}
        status = 422 if where == {"body"} else 400
        problems = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in error.errors())
        return TaxiiError(status, problems).response()

    @app.exception_handler(HTTPException)
    async def http_error(request, error: HTTPException):
        if error.status_code == 404:
            return TaxiiError(404, f"Nothing at {request.url.path}: TAXII endpoints end in /, discovery is /taxii2/.").response()
        if error.status_code == 405:
            response = TaxiiError(405, f"{request.method} is not an operation of {request.url.path}.").response()
            if error.headers and "Allow" in error.headers:
                response.headers["Allow"] = error.headers["Allow"]
            return response
        return TaxiiError(error.status_code, str(error.detail)).response()

    host, port = settings.SERVER.listen.rsplit(":", 1)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, int(port)))
    print(f"TAXII 2.1 server: discovery at http://{host}:{listener.getsockname()[1]}/taxii2/", flush=True)
    server = uvicorn.Server(uvicorn.Config(TaxiiGate(app), log_level="warning"))
    asyncio.run(server.serve(sockets=[listener]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python serve.py <settings.json>")
    main(sys.argv[1])
