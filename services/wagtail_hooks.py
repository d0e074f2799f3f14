from wagtail import hooks

from services.viewsets import RequestConfigurationGroup


@hooks.register("register_admin_viewset")
def register_request_configuration():
    return RequestConfigurationGroup()
