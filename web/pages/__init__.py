"""One module per screen; web.routes gathers their routers."""
