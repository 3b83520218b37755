from django.http import HttpResponse
def index(r): return HttpResponse()
area_page=area_record_new=commune_page=commune_record_new=record_end=record_correct=index
