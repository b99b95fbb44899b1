from boogie.router import Router

router = Router()
