app_name = "selection"

urlpatterns = []
