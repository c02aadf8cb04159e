def test_home_page_renders(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert "Un Hub pour un numérique inclusif" in response.content.decode()
