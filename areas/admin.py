from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from areas.models import Commune, Province, ResidentialArea


@admin.register(Province)
class ProvinceAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "legacy_code"]
    search_fields = ["code", "name"]


@admin.register(Commune)
class CommuneAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "province", "legacy_code"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]


@admin.register(ResidentialArea)
class ResidentialAreaAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "commune"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "commune__name"]
    list_select_related = ["commune"]
